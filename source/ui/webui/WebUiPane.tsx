// The web-UI panel as a TUI screen (screens.ts): reads the controller from WebUiContext.

import React from 'react';
import {Notice} from '../components/Notice.js';
import type {PaneProps} from '../screens.js';
import {useWebUiContext} from './web-ui-context.js';
import {WebUiPanel} from './WebUiPanel.js';

export function WebUiPane({width, height, focused}: PaneProps): React.JSX.Element {
	const {controller} = useWebUiContext();
	if (!controller) return <Notice text="The web UI is not wired into this build (no WebUiContext)." width={width} tone="error" />;
	return (
		<WebUiPanel
			snapshot={controller.snapshot}
			missing={controller.missing}
			notice={controller.notice}
			warning={controller.warning}
			sshHint={controller.sshHint}
			width={width}
			height={height}
			focused={focused}
		/>
	);
}
