// PostGraphile 5 for the W1 benchmark (see xtask/src/bench/postgraphile.rs). xtask copies this
// file next to the installed node_modules and starts
//   node …/postgraphile/dist/cli-run.js -C graphile.config.mjs -n 127.0.0.1 -p PORT
// with DATABASE_URL (the `pgl_reader` role) and NODE_ENV=production in the environment.
// A config file is needed because GraphiQL can only be turned off here.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

if (!process.env.DATABASE_URL) {
  throw new Error("DATABASE_URL is not set");
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["pgl"],
      // The same number of connections as Tillit's request pool (db_max_connections).
      poolConfig: { max: 16 },
    }),
  ],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
  // Read-only: no create/update/delete mutations on the views.
  schema: { defaultBehavior: "-insert -update -delete" },
};

export default preset;
