// Moved to screens/webui/; this path is kept for test/webui, which imports it here.
export {WebUiPanel, webUiLines, wrapWords, type WebUiPanelProps} from '../screens/webui/WebUiPanel.js';
