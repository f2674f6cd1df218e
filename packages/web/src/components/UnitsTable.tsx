import { Table, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { HTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Unit } from '../api/types';
import { useLang } from '../i18n';
import { BloodGroupTag } from './BloodGroupTag';
import { DateTime, ExpiryText } from './DateTime';
import { DinText } from './DinText';
import { Quantity } from './Quantity';
import { TableEmpty } from './QueryState';
import { UnitStatusTag } from './StatusTags';

export type UnitColumn =
  | 'din'
  | 'product'
  | 'componentClass'
  | 'bloodGroup'
  | 'quantity'
  | 'volume'
  | 'status'
  | 'location'
  | 'expiresAt'
  | 'collectedAt';

const DEFAULT_COLUMNS: UnitColumn[] = ['din', 'product', 'bloodGroup', 'quantity', 'status', 'location', 'expiresAt'];

interface Props {
  units: Unit[] | undefined;
  loading?: boolean;
  error?: unknown;
  columns?: UnitColumn[];
  /** Link the DIN to the trace page. */
  linkDin?: boolean;
  pagination?: TablePaginationConfig | false;
  actions?: (unit: Unit) => ReactNode;
  emptyText?: ReactNode;
  'data-testid'?: string;
  size?: 'small' | 'middle' | 'large';
}

export function productName(unit: Pick<Unit, 'productNameZh' | 'productNameEn'>, lang: string): string {
  return (lang === 'en-US' ? unit.productNameEn || unit.productNameZh : unit.productNameZh || unit.productNameEn) ?? '';
}

export function UnitsTable({
  units,
  loading,
  error,
  columns = DEFAULT_COLUMNS,
  linkDin = true,
  pagination = false,
  actions,
  emptyText,
  'data-testid': testId,
  size = 'middle',
}: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const all: Record<UnitColumn, TableColumnsType<Unit>[number]> = {
    din: {
      key: 'din',
      title: t('term.din'),
      dataIndex: 'din',
      render: (din: string, u: Unit) =>
        linkDin ? (
          <Link to={`/trace/${encodeURIComponent(din)}`} title={t('units.trace')}>
            <DinText din={din} check={u.dinCheck} />
          </Link>
        ) : (
          <DinText din={din} check={u.dinCheck} />
        ),
    },
    product: {
      key: 'product',
      title: t('term.product'),
      render: (_, u) => (
        <span>
          {productName(u, lang)}
          {u.productCode && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
              {u.productCode}
            </Typography.Text>
          )}
        </span>
      ),
    },
    componentClass: {
      key: 'componentClass',
      title: t('term.componentClass'),
      dataIndex: 'componentClass',
      render: (c: Unit['componentClass']) => t(`componentClass.${c}`, { defaultValue: c }),
    },
    bloodGroup: {
      key: 'bloodGroup',
      title: t('term.bloodGroup'),
      render: (_, u) => <BloodGroupTag abo={u.abo} rhd={u.rhd} />,
    },
    quantity: {
      key: 'quantity',
      title: t('term.quantity'),
      align: 'right',
      render: (_, u) => <Quantity value={u.quantity} unit={u.quantityUnit} />,
    },
    volume: {
      key: 'volume',
      title: t('units.volumeMl'),
      dataIndex: 'volumeMl',
      align: 'right',
      render: (v: number | null) => v ?? '—',
    },
    status: {
      key: 'status',
      title: t('term.status'),
      dataIndex: 'status',
      render: (s: Unit['status']) => <UnitStatusTag status={s} />,
    },
    location: {
      key: 'location',
      title: t('term.location'),
      dataIndex: 'locationOrgName',
      render: (v: string | null) => v ?? '—',
    },
    expiresAt: {
      key: 'expiresAt',
      title: t('term.expiresAt'),
      render: (_, u) => <ExpiryText value={u.expiresAt} status={u.status} />,
    },
    collectedAt: {
      key: 'collectedAt',
      title: t('term.collectedAt'),
      render: (_, u) => <DateTime value={u.collectedAt} />,
    },
  };
  const cols: TableColumnsType<Unit> = columns.map((c) => all[c]);
  if (actions) {
    cols.push({ key: 'actions', title: t('common.actions'), fixed: 'right', render: (_, u) => actions(u) });
  }
  return (
    <Table<Unit>
      data-testid={testId}
      rowKey="id"
      size={size}
      columns={cols}
      dataSource={units ?? []}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <TableEmpty error={error} text={emptyText} /> }}
      onRow={(u) => ({ 'data-din': u.din, 'data-status': u.status }) as HTMLAttributes<HTMLElement>}
    />
  );
}
