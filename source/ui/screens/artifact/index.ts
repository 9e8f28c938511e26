// The artifact preview as a module (see ../screen.ts). It is opened by Enter on an
// artifact in the run detail (../detail/keys.ts), which sets its slice.

import {copyValue} from '../shared-actions.js';
import {defineScreen} from '../screen.js';
import {ArtifactView} from './ArtifactView.js';
import {useArtifactModel, type ArtifactModel} from './use-artifact-model.js';

export const artifactScreen = defineScreen<ArtifactModel>({
	id: 'artifact',
	title: 'Artifact',
	contexts: ['artifact'],
	parent: 'detail',
	useModel: useArtifactModel,
	View: ArtifactView,
	list: (model) => ({id: 'artifact', count: model.count, page: model.page, index: model.scroll}),
	unavailable: (context) => (context.state.artifact.path === undefined ? 'No artifact chosen: Enter on one in the run detail previews it.' : undefined),
	keys: {
		copy: (context, model) => {
			if (!model.path) return 'pass';
			copyValue(context, model.path, 'the artifact path');
		},
	},
	hints: () => [['down', 'list', 'scroll'], ['copy', 'global', 'copy path'], ['back', 'global', 'back'], ['help', 'global', 'help']],
});
