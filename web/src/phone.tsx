import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth.js';
import { I18nProvider, useI18n } from './i18n.js';
import { QueryProvider } from './lib/query.js';
import { MobileApp } from './shell/MobileApp.js';
import './shell/phone.css';
import { registerServiceWorker } from './lib/offline.js';

/** The phone pages' own entry (m.html): antd-mobile only, so a phone downloads no console. */
function Localized() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS}>
      <AuthProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/m/*" element={<MobileApp />} />
            <Route path="*" element={<Navigate to="/m" replace />} />
          </Routes>
        </BrowserRouter>
      </AuthProvider>
    </ConfigProvider>
  );
}

// 长辈模式 is remembered on the device: applied before the first paint
document.documentElement.classList.toggle('elder', localStorage.getItem('linli.elder') === '1');

registerServiceWorker();

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
