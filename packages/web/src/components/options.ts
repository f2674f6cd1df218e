import { useTranslation } from 'react-i18next';
import {
  ABO_GROUPS,
  COMPONENT_CLASSES,
  DONATION_STATUSES,
  ORDER_STATUSES,
  RHD_VALUES,
  STOCK_CLASSES,
  UNIT_STATUSES,
  type AboGroup,
  type ComponentClass,
  type DonationStatus,
  type OrderStatus,
  type RhD,
  type UnitStatus,
} from '../api/types';

/** Select/Radio options in the current language. */
export function useOptions() {
  const { t } = useTranslation();
  return {
    abo: ABO_GROUPS.map((v) => ({ value: v, label: v })) as { value: AboGroup; label: string }[],
    rhd: RHD_VALUES.map((v) => ({ value: v, label: t(`bloodGroup.rhd.${v}`) })) as { value: RhD; label: string }[],
    componentClass: COMPONENT_CLASSES.map((v) => ({ value: v, label: t(`componentClass.${v}`) })) as {
      value: ComponentClass;
      label: string;
    }[],
    stockClass: STOCK_CLASSES.map((v) => ({ value: v, label: t(`componentClass.${v}`) })) as {
      value: ComponentClass;
      label: string;
    }[],
    unitStatus: UNIT_STATUSES.map((v) => ({ value: v, label: t(`unitStatus.${v}`) })) as { value: UnitStatus; label: string }[],
    donationStatus: DONATION_STATUSES.map((v) => ({ value: v, label: t(`donationStatus.${v}`) })) as {
      value: DonationStatus;
      label: string;
    }[],
    orderStatus: ORDER_STATUSES.map((v) => ({ value: v, label: t(`orderStatus.${v}`) })) as { value: OrderStatus; label: string }[],
  };
}
