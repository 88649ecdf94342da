// The web UI's entry: Ant Design in Chinese, one layout, four areas by route.
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Shell } from './shell.tsx';

dayjs.locale('zh-cn');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* No space inside two-character labels (antd's "登 录"): screen readers and search must read the word. */}
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: '#1668dc' } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
