import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18n from '../i18n';

interface State {
  error: Error | null;
}

/** Catches render errors (and failed lazy chunk loads) inside the content area. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Render error', error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return (
        <Result
          status="error"
          title={i18n.t('error.crashTitle')}
          subTitle={i18n.t('error.crash')}
          extra={
            <Button type="primary" onClick={() => window.location.reload()}>
              {i18n.t('error.reload')}
            </Button>
          }
        />
      );
    }
    return this.props.children;
  }
}
