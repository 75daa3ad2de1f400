import { render } from 'preact';

render(<h1>sitrep</h1>, document.getElementById('app')!);
