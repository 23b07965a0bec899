import {
  IdentifierNode,
  OperationNodeTransformer,
  type TableNode,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/**
 * The physical name of a projection's table in one version: `agreements` of `agreements@v2` lives in
 * `agreements_v2`. Each version writes tables of its own, so a new version rebuilds beside the old
 * one while the old one serves.
 */
export function versionedTableName(table: string, version: number): string {
  return `${table}_v${version}`;
}

/** Renames the given logical tables to their versioned names wherever a query names them. */
class RenameTables extends OperationNodeTransformer {
  constructor(private readonly names: ReadonlyMap<string, string>) {
    super();
  }

  protected override transformTable(node: TableNode): TableNode {
    const table = super.transformTable(node);
    const renamed = this.names.get(table.table.identifier.name);
    if (renamed === undefined) return table;
    return Object.freeze({ ...table, table: Object.freeze({ ...table.table, identifier: IdentifierNode.create(renamed) }) });
  }
}

class VersionedTablesPlugin implements KyselyPlugin {
  private readonly transformer: RenameTables;

  constructor(tables: readonly string[], version: number) {
    this.transformer = new RenameTables(new Map(tables.map((table) => [table, versionedTableName(table, version)])));
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * The database as one projection version sees it: queries name the logical tables (`agreements`),
 * and run against that version's (`agreements_v2`). Raw SQL is not rewritten: refer to columns of
 * these tables with `sql.ref('table.column')`.
 */
export function withVersionedTables<Db>(db: Kysely<Db>, tables: readonly string[], version: number): Kysely<Db> {
  return db.withPlugin(new VersionedTablesPlugin(tables, version));
}
