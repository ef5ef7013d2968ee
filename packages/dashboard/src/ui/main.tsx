import { render } from 'preact';
import { App } from './app';
import { startLive } from './data/live';
import './styles.css';

startLive();
render(<App />, document.getElementById('root') as HTMLElement);
