// The experiments screen's part of the UI state (its cursor and search live with every
// list's, in state.cursors and state.searches).

export interface ExperimentsSlice {
	showDeleted: boolean;
}

export const initialExperiments: ExperimentsSlice = {showDeleted: false};
