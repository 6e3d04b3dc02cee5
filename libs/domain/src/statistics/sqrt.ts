// a module-level binding (see intrinsics.ts)
export const { sqrt } = Math;
