import { SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  value: string;
  onChange: (value: string) => void;
  onSearch: (value: string) => void;
  placeholder: string;
  buttonText?: ReactNode;
  loading?: boolean;
  size?: 'small' | 'middle' | 'large';
  prefix?: ReactNode;
  autoFocus?: boolean;
  style?: CSSProperties;
  /** Put on the <input>; the button gets `${testId}-submit`. */
  'data-testid'?: string;
}

/**
 * Input + search button. Unlike antd's Input.Search, the test id lands on the <input> itself,
 * and clearing the field re-runs the search with an empty value.
 */
export function SearchBox({ value, onChange, onSearch, placeholder, buttonText, loading, size, prefix, autoFocus, style, 'data-testid': testId }: Props) {
  const { t } = useTranslation();
  return (
    <Space.Compact style={{ display: 'inline-flex', ...style }}>
      <Input
        allowClear
        style={{ flex: 1, minWidth: 0 }}
        value={value}
        size={size}
        prefix={prefix}
        autoFocus={autoFocus}
        placeholder={placeholder}
        aria-label={placeholder}
        data-testid={testId}
        onChange={(e) => {
          onChange(e.target.value);
          if (e.type !== 'change' && e.target.value === '') onSearch('');
        }}
        onPressEnter={() => onSearch(value)}
      />
      <Button
        type="primary"
        size={size}
        icon={<SearchOutlined />}
        loading={loading}
        onClick={() => onSearch(value)}
        data-testid={testId ? `${testId}-submit` : undefined}
      >
        {buttonText ?? t('common.search')}
      </Button>
    </Space.Compact>
  );
}
