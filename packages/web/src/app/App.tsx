import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo, useState } from 'react';
import { RouterProvider } from 'react-router-dom';
import { createQueryClient } from '../api/queryClient';
import { useLang } from '../i18n';
import { router } from './router';

const FONT =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif';

export function App() {
  const [queryClient] = useState(createQueryClient);
  const lang = useLang();
  const locale = lang === 'en-US' ? enUS : zhCN;
  const themeConfig = useMemo(
    () => ({
      algorithm: theme.defaultAlgorithm,
      token: { fontFamily: FONT, colorPrimary: '#1f5fbf', colorLink: '#1f5fbf', borderRadius: 6 },
      components: { Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' } },
    }),
    [],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={locale} theme={themeConfig}>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
