import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { takeTokenFromLocation } from './api';
import { App } from './App';
import { initI18n } from './i18n';
import './styles.css';

// An invitation link opened in a tab that already runs the app: take its token and start over.
window.addEventListener('hashchange', () => {
  if (!window.api && /[#&]token=/.test(location.hash)) {
    takeTokenFromLocation();
    location.reload();
  }
});

initI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
