// The modules src/lessons/vite-plugin.ts makes from lessons/.
declare module 'virtual:lessons' {
  export const lessons: import('./types.ts').LessonSummary[];
  export const loaders: Record<string, () => Promise<{ default: import('./types.ts').Lesson }>>;
}
