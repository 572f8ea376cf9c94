/** Entry: take a credential from the URL (and drop it from there), then start the app. */
import { render } from 'preact';
import { App } from './app';
import { takeCredentialFromUrl } from './state/addresses';
import './state/theme';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

takeCredentialFromUrl();
const root = document.getElementById('app');
if (root) render(<App />, root);
