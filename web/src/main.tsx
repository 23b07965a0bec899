import { render } from 'preact';
import { App } from './app';
import { currentToken } from './auth/session';
import { fetchInboxEarly } from './pages/inbox';
import './styles.css';

// Signed in and opening on the inbox (the home page): its first page is asked for at once.
if (currentToken() && ['', '#', '#/'].includes(window.location.hash)) fetchInboxEarly();

render(<App />, document.getElementById('app')!);
