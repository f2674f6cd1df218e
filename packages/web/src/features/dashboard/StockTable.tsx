import { Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { STOCK_CLASSES, type ComponentClass, type StockRow } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DaysOfSupplyTag, levelForRow } from '../../components/DaysOfSupply';
import { Quantity, quantityUnitFor } from '../../components/Quantity';
import { TableEmpty } from '../../components/QueryState';
import { formatNumber } from '../../i18n/format';
import { GROUP_ORDER, stockKey, type GroupKey } from './stock';

interface Row extends Partial<GroupKey> {
  key: string;
  total?: boolean;
}

interface Props {
  index: Map<string, StockRow>;
  loading: boolean;
  error: unknown;
}

/** ABO/RhD × component class: quantity (bags in tooltip) and days of supply coloured by alert level. */
export function StockTable({ index, loading, error }: Props) {
  const { t } = useTranslation();
  const rows: Row[] = [
    ...GROUP_ORDER.map((g) => ({ key: `${g.abo}${g.rhd}`, ...g })),
    { key: 'total', total: true },
  ];

  const totalFor = (cc: ComponentClass) => {
    let quantity = 0;
    let units = 0;
    let unit = quantityUnitFor(cc);
    for (const g of GROUP_ORDER) {
      const r = index.get(stockKey(cc, g.abo, g.rhd));
      if (r) {
        quantity += r.quantity;
        units += r.units;
        unit = r.quantityUnit;
      }
    }
    return { quantity, units, unit };
  };

  const columns: TableColumnsType<Row> = [
    {
      key: 'group',
      title: t('term.bloodGroup'),
      fixed: 'left',
      width: 96,
      render: (_, r) => (r.total ? <strong>{t('dashboard.total')}</strong> : <BloodGroupTag abo={r.abo} rhd={r.rhd} />),
    },
    ...STOCK_CLASSES.map((cc) => ({
      key: cc,
      title: t(`componentClass.${cc}`),
      children: [
        {
          key: `${cc}-q`,
          title: t('dashboard.quantity'),
          align: 'right' as const,
          render: (_: unknown, r: Row) => {
            if (r.total) {
              const tot = totalFor(cc);
              return (
                <Tooltip title={`${tot.units} ${t('dashboard.units')}`}>
                  <strong>
                    <Quantity value={tot.quantity} unit={tot.unit} />
                  </strong>
                </Tooltip>
              );
            }
            const row = index.get(stockKey(cc, r.abo!, r.rhd!));
            if (!row) return <Typography.Text type="secondary">0</Typography.Text>;
            return (
              <Tooltip
                title={`${row.units} ${t('dashboard.units')} · ${t('dashboard.avgDailyIssue')} ${formatNumber(row.avgDailyIssue)}`}
              >
                <span data-testid={`stock-${cc}-${r.abo}${r.rhd}`}>
                  <Quantity value={row.quantity} unit={row.quantityUnit} />
                </span>
              </Tooltip>
            );
          },
        },
        {
          key: `${cc}-d`,
          title: t('term.daysOfSupply'),
          align: 'center' as const,
          render: (_: unknown, r: Row) => {
            if (r.total) return null;
            const row = index.get(stockKey(cc, r.abo!, r.rhd!));
            if (!row || (row.quantity <= 0 && !row.avgDailyIssue)) return <Typography.Text type="secondary">—</Typography.Text>;
            return <DaysOfSupplyTag days={row.daysOfSupply} level={levelForRow(row)} />;
          },
        },
      ],
    })),
  ];

  return (
    <Table<Row>
      data-testid="stock-table"
      size="small"
      bordered
      rowKey="key"
      columns={columns}
      dataSource={index.size === 0 && !loading ? [] : rows}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <TableEmpty error={error} text={t('dashboard.noStock')} /> }}
    />
  );
}
