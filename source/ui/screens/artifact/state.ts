// Which artifact the preview shows; its scroll is state.cursors.artifact.

export interface ArtifactSlice {
	runId?: string;
	path?: string;
	/** From the listing, so a huge file is not read just to learn its size. */
	size?: number;
}

export const initialArtifact: ArtifactSlice = {};
