import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../api/auth';
import { useCreateOrder } from '../../api/orders';
import type { AboGroup, ComponentClass, OrderPriority, RhD } from '../../api/types';
import { useOptions } from '../../components/options';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { quantityUnitFor, useQuantityUnitLabel } from '../../components/Quantity';
import { pickerToIso, shanghaiNowForPicker } from '../../i18n/format';

interface LineValues {
  componentClass: ComponentClass;
  abo?: AboGroup;
  rhd: RhD;
  quantity?: number;
}

interface Values {
  lines: LineValues[];
  neededBy: Dayjs;
  priority: OrderPriority;
  note?: string;
}

const DEFAULT_LINE: LineValues = { componentClass: 'red_cells', rhd: 'POS' };

export default function OrderNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { user } = useSession();
  const opts = useOptions();
  const unitLabel = useQuantityUnitLabel();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrder();
  const lines = Form.useWatch('lines', form);
  const priority = Form.useWatch('priority', form);

  const onFinish = (v: Values) => {
    create.mutate(
      {
        lines: v.lines.map((l) => ({ componentClass: l.componentClass, abo: l.abo!, rhd: l.rhd, quantity: l.quantity! })),
        neededBy: pickerToIso(v.neededBy)!,
        priority: v.priority,
        note: v.note?.trim() || undefined,
      },
      {
        onSuccess: (o) => {
          void message.success(t('orders.submitted', { number: o.orderNumber }));
          navigate(`/orders/${encodeURIComponent(o.id)}`);
        },
      },
    );
  };

  return (
    <div>
      <PageHeader title={t('orders.newTitle')} subTitle={user?.orgName} back="/orders" />
      <Card>
        <ProblemAlert error={create.error} form={form} data-testid="order-error" />
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={{ lines: [DEFAULT_LINE], priority: 'routine', neededBy: shanghaiNowForPicker(120) }}
        >
          <Typography.Title level={5}>{t('orders.lines')}</Typography.Title>
          <Form.List
            name="lines"
            rules={[
              {
                validator: async (_, value: unknown[] | undefined) => {
                  if (!value || value.length === 0) throw new Error(t('orders.linesRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => {
                  const cc = lines?.[index]?.componentClass ?? 'red_cells';
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      style={{ marginBottom: 12, background: '#fafafa' }}
                      title={`${t('orders.line')} ${index + 1}`}
                      data-testid={`order-line-${index}`}
                      extra={
                        fields.length > 1 && (
                          <Button
                            type="text"
                            danger
                            icon={<DeleteOutlined />}
                            onClick={() => remove(field.name)}
                            aria-label={t('orders.removeLine')}
                            title={t('orders.removeLine')}
                          />
                        )
                      }
                    >
                      <Row gutter={16}>
                        <Col xs={24} xl={9}>
                          <Form.Item
                            name={[field.name, 'componentClass']}
                            label={t('term.componentClass')}
                            rules={[{ required: true, message: t('orders.componentClassRequired') }]}
                          >
                            <Radio.Group optionType="button">
                              {opts.stockClass.map((o) => (
                                <Radio.Button key={o.value} value={o.value}>
                                  <span data-testid={`order-line-${index}-class-${o.value}`}>{o.label}</span>
                                </Radio.Button>
                              ))}
                            </Radio.Group>
                          </Form.Item>
                        </Col>
                        <Col xs={24} sm={12} xl={5}>
                          <Form.Item name={[field.name, 'abo']} label={t('term.abo')} rules={[{ required: true, message: t('donations.aboRequired') }]}>
                            <Radio.Group optionType="button">
                              {opts.abo.map((o) => (
                                <Radio.Button key={o.value} value={o.value}>
                                  <span data-testid={`order-line-${index}-abo-${o.value}`}>{o.label}</span>
                                </Radio.Button>
                              ))}
                            </Radio.Group>
                          </Form.Item>
                        </Col>
                        <Col xs={24} sm={12} xl={6}>
                          <Form.Item name={[field.name, 'rhd']} label={t('term.rhd')} rules={[{ required: true, message: t('donations.rhdRequired') }]}>
                            <Radio.Group optionType="button">
                              {opts.rhd.map((o) => (
                                <Radio.Button key={o.value} value={o.value}>
                                  <span data-testid={`order-line-${index}-rhd-${o.value}`}>{o.label}</span>
                                </Radio.Button>
                              ))}
                            </Radio.Group>
                          </Form.Item>
                        </Col>
                        <Col xs={24} sm={12} xl={4}>
                          <Form.Item
                            name={[field.name, 'quantity']}
                            label={t('term.quantity')}
                            rules={[
                              { required: true, message: t('orders.quantityRequired') },
                              { type: 'number', min: 0.01, message: t('orders.quantityMin') },
                            ]}
                          >
                            <InputNumber
                              min={0}
                              step={cc === 'plasma' ? 50 : cc === 'platelets' ? 1 : 0.5}
                              precision={cc === 'plasma' ? 0 : 1}
                              suffix={unitLabel(quantityUnitFor(cc))}
                              style={{ width: '100%' }}
                              data-testid={`order-line-${index}-quantity`}
                            />
                          </Form.Item>
                        </Col>
                      </Row>
                    </Card>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ...DEFAULT_LINE })} data-testid="order-add-line">
                  {t('orders.addLine')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>

          <Row gutter={16} style={{ marginTop: 24 }}>
            <Col xs={24} md={8}>
              <Form.Item name="priority" label={t('orders.priority')} rules={[{ required: true }]}>
                <Radio.Group optionType="button" buttonStyle="solid">
                  <Radio.Button value="routine">
                    <span data-testid="order-priority-routine">{t('priority.routine')}</span>
                  </Radio.Button>
                  <Radio.Button value="emergency">
                    <span data-testid="order-priority-emergency">{t('priority.emergency')}</span>
                  </Radio.Button>
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="neededBy" label={t('orders.neededBy')} rules={[{ required: true, message: t('orders.neededByRequired') }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="order-needed-by" />
              </Form.Item>
            </Col>
          </Row>
          {priority === 'emergency' && <Alert type="error" showIcon title={t('orders.emergencyHint')} style={{ marginBottom: 16 }} />}
          <Form.Item name="note" label={`${t('orders.note')}（${t('common.optional')}）`}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('orders.notePlaceholder')} data-testid="order-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" loading={create.isPending} data-testid="order-submit">
            {t('orders.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
