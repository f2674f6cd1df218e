import { Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderLine } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { Quantity, quantityUnitFor } from '../../components/Quantity';

/** Compact "红细胞类 A+ 4 U" list for order tables. */
export function OrderLinesSummary({ lines }: { lines: OrderLine[] }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2}>
      {(lines ?? []).map((l) => (
        <span key={l.id} style={{ whiteSpace: 'nowrap' }}>
          <BloodGroupTag abo={l.abo} rhd={l.rhd} />
          {t(`componentClass.${l.componentClass}`)} <Quantity value={l.quantity} unit={quantityUnitFor(l.componentClass)} />
        </span>
      ))}
    </Space>
  );
}
