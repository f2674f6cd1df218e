import { Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { ProblemAlert } from './ProblemAlert';

interface Props {
  isLoading: boolean;
  error: unknown;
  /** True when loaded but there is nothing to show. */
  isEmpty?: boolean;
  emptyText?: ReactNode;
  onRetry?: () => void;
  children: ReactNode;
  /** Rows for the loading skeleton. */
  rows?: number;
}

/** Loading / error / empty wrapper for detail pages and cards. Tables use their own loading + locale.emptyText. */
export function QueryState({ isLoading, error, isEmpty, emptyText, onRetry, children, rows = 4 }: Props) {
  const { t } = useTranslation();
  if (isLoading) return <Skeleton active paragraph={{ rows }} />;
  if (error) {
    if (isApiError(error) && error.status === 404) {
      return <Result status="404" title={t('error.codes.NOT_FOUND')} subTitle={error.detail} />;
    }
    if (isApiError(error) && error.status === 403) {
      return <Result status="403" title={t('error.forbiddenTitle')} subTitle={t('error.codes.FORBIDDEN')} />;
    }
    return (
      <div>
        <ProblemAlert error={error} />
        {onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      </div>
    );
  }
  if (isEmpty) return <Empty description={emptyText ?? t('common.noData')} />;
  return <>{children}</>;
}

/** Table `locale.emptyText` that shows an error instead of "no data" when the query failed. */
export function TableEmpty({ error, text }: { error?: unknown; text?: ReactNode }) {
  const { t } = useTranslation();
  if (error) return <ProblemAlert error={error} style={{ margin: 0, textAlign: 'start' }} />;
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text ?? t('common.noData')} />;
}
