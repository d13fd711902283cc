import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { LiveBoard } from './live.js';
import './styles.css';

// The token arrived in the URL and is now in an HttpOnly cookie: drop it from the address bar.
const url = new URL(window.location.href);
if (url.searchParams.has('token')) {
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

const live = new LiveBoard();
void live.start();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App live={live} />
    </StrictMode>,
  );
}
