import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

interface Props {
  title: ReactNode;
  /** Plain-text title for document.title (defaults to `title` when it is a string). */
  documentTitle?: string;
  subTitle?: ReactNode;
  extra?: ReactNode;
  /** Show a back button (navigates to this path, or history back when true). */
  back?: string | boolean;
}

export function PageHeader({ title, documentTitle, subTitle, extra, back }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const docTitle = documentTitle ?? (typeof title === 'string' ? title : undefined);
  useEffect(() => {
    if (docTitle) document.title = `${docTitle} - ${t('app.name')} ${t('app.fullName')}`;
  }, [docTitle, t]);
  return (
    <Flex align="center" justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
      <Flex align="center" gap={8} wrap>
        {back && (
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('common.back')}
            title={t('common.back')}
            onClick={() => (typeof back === 'string' ? navigate(back) : navigate(-1))}
          />
        )}
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subTitle && <Typography.Text type="secondary">{subTitle}</Typography.Text>}
      </Flex>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
