// The web-UI panel's part of the UI state: the run `o` last asked for, shown with its URL
// when no browser could be opened here (over SSH).

export interface WebUiSlice {
	opened?: {label: string; url: string};
}

export const initialWebUi: WebUiSlice = {};
