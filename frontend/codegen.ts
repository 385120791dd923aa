import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every GraphQL document in src/ are generated from the committed
// contract in ../backend/schema.graphql (never from a running server).
// TILLIT_SCHEMA points at another schema file, e.g. a draft of a contract the server does not
// implement yet: `TILLIT_SCHEMA=/tmp/draft.graphql npm run codegen`.
const config: CodegenConfig = {
  schema: process.env.TILLIT_SCHEMA ?? '../backend/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string', NaiveDate: 'string', JSON: 'unknown' },
        skipTypename: false,
      },
    },
  },
};

export default config;
