import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AppShell } from './shell/AppShell.js';
import { AuthProvider } from './auth.js';
import { I18nProvider, useI18n } from './i18n.js';
import { QueryProvider } from './lib/query.js';
import './shell/console.css';

function ToPhone() {
  window.location.replace(window.location.pathname + window.location.search);
  return null;
}

function Localized() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#c8102e' } }}>
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

const root = document.getElementById('root');
if (root) {
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
