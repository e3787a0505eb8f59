import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const backend = 'http://127.0.0.1:5080'
// Under vitest Element Plus is loaded by Node as-is (fast); its CSS is not needed there.
const testing = process.env.VITEST !== undefined

// The server (src/Changxiao) serves the build output at "/" with an SPA fallback to index.html.
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    Components({
      // Element Plus components used in templates are imported (with their CSS) on demand.
      resolvers: [ElementPlusResolver({ importStyle: testing ? false : 'css' })],
      dts: testing ? false : 'src/components.d.ts',
      dirs: [],
    }),
  ],
  resolve: {
    alias: [{ find: /^@\//, replacement: '/src/' }],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: '../src/Changxiao/console',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Higher priority wins when a module could go to two groups (groups pull in their dependencies).
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/, priority: 30 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 20 },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|lodash-es|lodash-unified|dayjs|async-validator|@ctrl|@popperjs|@vueuse|memoize-one|normalize-wheel-es)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    // Element Plus must be transformed with our Vue (one Vue instance; provide/inject between el-form and el-form-item).
    server: { deps: { inline: ['element-plus'] } },
    include: ['tests/**/*.test.ts'],
    css: false,
  },
})
