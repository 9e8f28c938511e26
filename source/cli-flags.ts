// The command line's flags, shared by every subcommand and the TUI (meow needs them all
// declared up front).

export const flagSpec = {
	store: {type: 'string', shortFlag: 's'},
	json: {type: 'boolean', default: false},
	csv: {type: 'boolean', default: false},
	all: {type: 'boolean', default: false},
	problems: {type: 'boolean', default: false},
	experiment: {type: 'string', shortFlag: 'e', isMultiple: true},
	filter: {type: 'string', shortFlag: 'f'},
	orderBy: {type: 'string', isMultiple: true},
	maxResults: {type: 'number'},
	// TUI and live following
	ascii: {type: 'boolean', default: false},
	poll: {type: 'string'},
	bell: {type: 'boolean', default: false},
	notify: {type: 'boolean', default: false},
	// status and the web UI
	report: {type: 'string'},
	mlflow: {type: 'string'},
	port: {type: 'number'},
	host: {type: 'string'},
} as const;
