import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import { storableValue } from '../../projections/storable-text';

/** Every value a query carries (inserted, updated, compared; in raw SQL too), made storable. */
class StorableValues extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = storableValue(node.value);
    return value === node.value ? node : Object.freeze({ ...node, value });
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return Object.freeze({ ...node, values: Object.freeze(node.values.map(storableValue)) });
  }
}

/**
 * The one place where text meets a read-model database: every parameter of every query goes
 * through `storableValue`, so no stored event can hold text that stops a projection (PostgreSQL
 * refuses NUL in `text` and `jsonb`). Installed on the read-model database itself, so every
 * projection, version and reader has it.
 */
export class StorableTextPlugin implements KyselyPlugin {
  private readonly transformer = new StorableValues();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
