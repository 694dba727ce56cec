// Persistence for the sandbox: autosave, share links, scenario files. Framework-free and free of page
// globals: the app hands in the Storage, the URL and the time.
export * from './saved.ts';
export * from './autosave.ts';
export * from './link.ts';
export * from './file.ts';
export * from './overwrite.ts';
