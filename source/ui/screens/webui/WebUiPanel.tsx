// The web-UI panel: state, the URL (a clickable OSC 8 link), the SSH tunnel command when
// the session is remote, the page of the run `o` asked for, and the tail of MLflow's log.
// For a tracking server, its own web UI's address instead. Pure: give it the controller's
// fields (see use-web-ui.ts) and the size.

import {Box, Text} from 'ink';
import React from 'react';
import type {WebUiSnapshot} from '../../../webui/launcher.js';
import {hyperlink} from '../../../webui/ssh-hint.js';
import {sanitizeLine} from '../../../text/sanitize.js';
import {displayWidth, truncate} from '../../../text/width.js';
import {PaneTitle} from '../../components/PaneTitle.js';
import {useTheme} from '../../theme.js';

export interface WebUiPanelProps {
	snapshot?: WebUiSnapshot;
	missing?: string;
	notice?: string;
	warning?: string;
	sshHint?: string;
	/** The store is a tracking server: its own web UI is here, nothing to start. */
	serverUrl?: string;
	/** The run `o` asked for, where no browser could be opened for it. */
	opened?: {label: string; url: string};
	width: number;
	height: number;
	focused: boolean;
	/** The key that starts and stops it, for the hints. */
	toggleKey?: string;
	/** OSC 8 links; off for terminals that print them raw. */
	links?: boolean;
}

interface Line {
	text: string;
	color?: string;
	bold?: boolean;
	/** Printed as a hyperlink to itself. */
	url?: string;
}

function stateLine(snapshot: WebUiSnapshot | undefined, key: string): Line {
	switch (snapshot?.state) {
		case undefined:
			return {text: `Not running. Press ${key} to start MLflow's web UI on this store.`};
		case 'starting':
			return {text: `Starting MLflow on port ${snapshot.port ?? '…'}; waiting for it to answer… (${key} cancels)`, color: 'yellow'};
		case 'ready':
			return {text: `Running${snapshot.version ? ` (MLflow ${snapshot.version})` : ''}, port ${snapshot.port}. ${key} stops it; quitting mlwatch stops it too.`, color: 'green', bold: true};
		case 'stopping':
			return {text: 'Stopping…', color: 'yellow'};
		case 'stopped':
			return {text: `Stopped. Press ${key} to start it again.`};
		case 'failed':
			return {text: `Failed: ${(snapshot.error ?? 'see the log below').replace(/\.$/, '')}. Press ${key} to try again.`, color: 'red', bold: true};
	}
}

export function webUiLines(props: Omit<WebUiPanelProps, 'width' | 'height' | 'focused'>): Line[] {
	const key = props.toggleKey ?? 'W';
	const opened = (): Line[] => (props.opened ? [{text: `The page of run ${props.opened.label}:`}, {text: '', url: props.opened.url}] : []);
	if (props.serverUrl) return [{text: "This store is a tracking server; its own web UI is at (o opens a run there):", color: 'green', bold: true}, {text: '', url: props.serverUrl}, ...opened()];
	if (props.missing) return [{text: props.missing, color: 'red'}];
	const lines: Line[] = [stateLine(props.snapshot, key)];
	const snapshot = props.snapshot;
	if (snapshot?.state === 'ready' && snapshot.url) {
		lines.push({text: '', url: snapshot.url});
		if (props.sshHint) {
			lines.push({text: `Over SSH: run on your laptop, then open http://127.0.0.1:${snapshot.port}/ there:`});
			lines.push({text: `  ${props.sshHint}`, bold: true});
		}
		lines.push(...opened());
	}
	if (props.warning) lines.push({text: `Warning: ${props.warning}`, color: 'yellow'});
	if (props.notice && snapshot?.state !== 'ready') lines.push({text: `Note: ${props.notice}`, color: 'gray'});
	return lines;
}

/** Word-wraps a message so nothing in it (an install command, a warning) is cut off. */
export function wrapWords(text: string, width: number): string[] {
	const indent = /^ */.exec(text)![0];
	const out: string[] = [];
	let line = indent;
	for (const word of text.slice(indent.length).split(' ')) {
		const next = line.trim() ? `${line} ${word}` : `${line}${word}`;
		if (line.trim() && displayWidth(next) > width) {
			out.push(line);
			line = `${indent}  ${word}`;
		} else line = next;
	}
	out.push(line);
	return out;
}

/** A URL in pieces that fit (a run's page is long): each piece is a link to the whole URL. */
export function splitUrl(url: string, width: number): string[] {
	const pieces: string[] = [];
	for (let at = 0; at < url.length; at += width) pieces.push(url.slice(at, at + width));
	return pieces.length > 0 ? pieces : [''];
}

export function WebUiPanel(props: WebUiPanelProps): React.JSX.Element {
	const {snapshot, width, height, focused} = props;
	const theme = useTheme();
	const head = webUiLines(props).flatMap((line) => (line.url ? splitUrl(line.url, Math.max(10, width - 3)).map((text) => ({...line, text})) : wrapWords(sanitizeLine(line.text), Math.max(10, width - 1)).map((text) => ({...line, text}))));
	const logRows = Math.max(0, height - 1 - head.length - 2);
	const log = (snapshot?.log ?? []).slice(-logRows);
	const info = props.serverUrl ?? (snapshot?.state === 'ready' ? snapshot.url ?? '' : snapshot?.state ?? 'not running');
	return (
		<Box flexDirection="column" height={height}>
			<PaneTitle title="MLflow web UI" info={info} width={width} focused={focused} />
			{head.map((line, index) =>
				line.url ? (
					// A link is never cut (truncation would split its escape sequence): it comes in pieces that fit.
					<Text key={index} bold color={theme.paint('cyan')}>
						{'  '}
						{props.links === false ? line.text : hyperlink(line.url, line.text)}
					</Text>
				) : (
					<Text key={index} wrap="truncate" color={line.color ? theme.paint(line.color) : undefined} bold={line.bold}>
						{truncate(` ${sanitizeLine(line.text)}`, width, theme.glyphs.ellipsis)}
					</Text>
				),
			)}
			{logRows > 0 && log.length > 0 && (
				<>
					<Text wrap="truncate" color={theme.paint('gray')}>
						{truncate(` ${theme.glyphs.rule.repeat(2)} MLflow's log (last ${log.length} lines)`, width, theme.glyphs.ellipsis)}
					</Text>
					{log.map((line, index) => (
						<Text key={`log-${index}`} wrap="truncate" color={theme.paint('gray')}>
							{truncate(` ${line}`, width, theme.glyphs.ellipsis)}
						</Text>
					))}
				</>
			)}
		</Box>
	);
}
