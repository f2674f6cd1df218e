import { Alert, App, Button, Card, Checkbox, Col, Form, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProducts } from '../../api/catalogue';
import { useProcessDonation } from '../../api/donations';
import type { Donation } from '../../api/types';
import { ProblemAlert } from '../../components/ProblemAlert';
import { UnitsTable } from '../../components/UnitsTable';
import { useLang } from '../../i18n';
import { formatShelfLife, formatStorage } from './productFormat';

interface Props {
  donation: Donation;
}

/** Component preparation from a released whole-blood donation. */
export function ProcessCard({ donation }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ products: string[] }>();
  const products = useProducts();
  const process = useProcessDonation(donation.din);
  const choices = (products.data ?? []).filter((p) => p.componentClass !== 'whole_blood');

  const onFinish = (v: { products: string[] }) => {
    process.mutate(v.products, {
      onSuccess: (res) => void message.success(t('donations.processed', { count: res.units?.length ?? 0 })),
    });
  };

  if (process.isSuccess && process.data) {
    // The page lists the donation's units once it has refetched; until then (or if the
    // donation payload carries no units) show the units returned by the process call.
    const showUnits = (donation.units?.length ?? 0) === 0;
    return (
      <Card size="small" title={t('donations.processTitle')} style={{ marginBottom: 16 }}>
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: showUnits ? 12 : 0 }}
          title={t('donations.processed', { count: process.data.units?.length ?? 0 })}
          data-testid="process-success"
        />
        {showUnits && (
          <UnitsTable
            data-testid="processed-units"
            units={process.data.units}
            columns={['din', 'product', 'componentClass', 'bloodGroup', 'quantity', 'volume', 'status', 'expiresAt']}
            size="small"
          />
        )}
      </Card>
    );
  }

  // Components are usually prepared before the test results are in; they stay quarantined and are released with
  // the donation. The server processes collected, tested and released donations, never discarded, already
  // processed or unqualified ones.
  if (donation.status === 'processed' || donation.status === 'discarded' || donation.testConclusion === 'unqualified') return null;

  return (
    <Card size="small" title={t('donations.processTitle')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('donations.processHint')}</Typography.Paragraph>
      <ProblemAlert error={process.error ?? products.error} form={form} data-testid="process-error" />
      {products.isLoading ? (
        <Skeleton active />
      ) : (
        <Form form={form} layout="vertical" onFinish={onFinish}>
          <Form.Item
            name="products"
            label={t('donations.processProducts')}
            rules={[{ required: true, type: 'array', min: 1, message: t('donations.processProductsRequired') }]}
          >
            <Checkbox.Group style={{ width: '100%' }} data-testid="process-products">
              <Row gutter={[12, 12]} style={{ width: '100%' }}>
                {choices.map((p) => (
                  <Col xs={24} md={12} xl={8} key={p.id}>
                    <Card size="small" styles={{ body: { padding: 10 } }}>
                      <Checkbox value={p.id} data-product-id={p.id}>
                        <span data-testid={`process-product-${p.nationalCode}`}>
                          <strong>{lang === 'en-US' ? p.nameEn : p.nameZh}</strong>
                          <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                            {p.nationalCode}
                          </Typography.Text>
                        </span>
                        <div style={{ fontSize: 12, color: '#595959' }}>
                          {t(`componentClass.${p.componentClass}`)} · {t('product.shelfLife')} {formatShelfLife(t, p.shelfLife)} ·{' '}
                          {formatStorage(p.storage)}
                        </div>
                      </Checkbox>
                    </Card>
                  </Col>
                ))}
              </Row>
            </Checkbox.Group>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={process.isPending} data-testid="process-submit">
            {t('donations.processSubmit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
