// Ambient declarations of the webview bundle.

/** esbuild bundles imported CSS into dist/webview.css. */
declare module '*.css';

/** Given by VS Code to the webview's scripts; callable once. */
interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeWebviewApi;
