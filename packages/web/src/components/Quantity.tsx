import { useTranslation } from 'react-i18next';
import type { ComponentClass, QuantityUnit } from '../api/types';
import { formatNumber } from '../i18n/format';

/** Unit of issue by component class: RBC and cryo in U (1 U = from 200 ml whole blood), platelets in therapeutic doses, plasma in ml. */
export function quantityUnitFor(componentClass: ComponentClass): QuantityUnit {
  switch (componentClass) {
    case 'platelets':
      return 'dose';
    case 'plasma':
      return 'ml';
    default:
      return 'U';
  }
}

export function useQuantityUnitLabel() {
  const { t } = useTranslation();
  return (unit: QuantityUnit | null | undefined) => (unit ? t(`quantityUnit.${unit}`, { defaultValue: unit }) : '');
}

export function Quantity({ value, unit }: { value: number | null | undefined; unit: QuantityUnit | null | undefined }) {
  const label = useQuantityUnitLabel();
  if (value === null || value === undefined) return <span>—</span>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {formatNumber(value)} {label(unit)}
    </span>
  );
}
