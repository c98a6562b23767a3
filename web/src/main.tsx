import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AppShell } from './shell/AppShell.js';
import { AuthProvider } from './auth.js';
import { I18nProvider, useI18n } from './i18n.js';
import { QueryProvider } from './lib/query.js';
import './shell/console.css';
import { keyboardScrollableTables } from './lib/a11y.js';
import { registerServiceWorker } from './lib/offline.js';

function ToPhone() {
  window.location.replace(window.location.pathname + window.location.search);
  return null;
}

/**
 * The console's colours: the brand red, and secondary, placeholder and error text dark enough for
 * WCAG AA contrast (4.5:1) on white — antd's defaults (45 % and 25 % black, #ff4d4f) are not
 * (e2e/a11y.e2e.test.ts checks every page with axe-core).
 */
const THEME = {
  token: {
    colorPrimary: '#c8102e',
    colorError: '#c41d1d',
    colorLink: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  },
};

function Localized() {
  const { lang } = useI18n();
  // the pickers' and calendars' month and weekday names (星期一 first in Chinese)
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              {/* the phone pages are their own page (m.html, no antd): go there for real */}
              <Route path="/m/*" element={<ToPhone />} />
              <Route path="*" element={<AppShell />} />
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

registerServiceWorker();

const root = document.getElementById('root');
if (root) {
  keyboardScrollableTables(root, () =>
    document.documentElement.lang.startsWith('zh') ? '表格（可左右滚动）' : 'Table (scrolls sideways)',
  );
  createRoot(root).render(
    <StrictMode>
      <QueryProvider>
        <I18nProvider>
          <Localized />
        </I18nProvider>
      </QueryProvider>
    </StrictMode>,
  );
}
