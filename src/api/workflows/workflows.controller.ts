import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetWorkflowQuery, ListWorkflowsQuery } from '../../application/workflows/workflow-queries';

/**
 * A workflow version in a path: decimal digits and nothing else, like the numbers of a query;
 * anything else names no version. Taken as text: a parameter typed `number` is converted by the
 * global validation pipe first, which reads ` 1`, `+1`, `1.0` and `0x1` as numbers.
 */
function workflowVersion(text: string): number {
  if (!/^[0-9]{1,9}$/.test(text)) throw new NotFoundException('No such workflow version');
  return Number(text);
}

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Every workflow version (old versions stay: agreements replay with the one they started on)' })
  list() {
    return this.queries.execute(new ListWorkflowsQuery());
  }

  @Get(':name/:version')
  @ApiOperation({ summary: 'A workflow version: states, transitions and actions with their policies, enough to draw it' })
  async get(@Param('name') name: string, @Param('version') versionText: string) {
    const version = workflowVersion(versionText);
    const workflow = await this.queries.execute(new GetWorkflowQuery(name, version));
    if (!workflow) throw new NotFoundException(`There is no workflow ${name} version ${version}`);
    return workflow;
  }
}
