import type { TablePaginationConfig } from 'antd';
import type { TFunction } from 'i18next';

/** Server-side pagination config for antd Table. */
export function serverPagination(
  t: TFunction,
  page: number,
  pageSize: number,
  total: number | undefined,
  onChange: (page: number, pageSize: number) => void,
  totalIsLowerBound = false,
): TablePaginationConfig {
  return {
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100, 200],
    showTotal: (n) => (totalIsLowerBound ? t('common.totalAtLeast', { total: n }) : t('common.total', { total: n })),
    onChange,
  };
}
