// The help screen as a module (see ../screen.ts).

import {resolveCursor} from '../../state/state.js';
import {useTheme} from '../../theme.js';
import {defineScreen, type ModelInput} from '../screen.js';
import {helpLayout, HelpView, type HelpModel} from './HelpView.js';

function useHelpModel({state, box}: ModelInput): HelpModel {
	const theme = useTheme();
	const maxScroll = box ? helpLayout(box.width, box.height, theme.ascii).maxScroll : 0;
	return {scroll: resolveCursor(state.cursors['help'], maxScroll + 1), maxScroll};
}

export const helpScreen = defineScreen<HelpModel>({
	id: 'help',
	title: 'Help',
	parent: 'experiments',
	useModel: useHelpModel,
	View: HelpView,
	list: (model) => ({id: 'help', count: model.maxScroll + 1, page: 10, index: model.scroll}),
	hints: () => [['back', 'global', 'close'], ['quit', 'global', 'quit']],
});
