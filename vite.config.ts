import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { lessonsPlugin } from './src/lessons/vite-plugin.ts';

export default defineConfig({
  plugins: [svelte(), lessonsPlugin()],
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Sized for a busy 2-core machine (CI runs beside other work); a test that needs longer says so.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
