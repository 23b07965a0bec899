import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetWorkflowQuery, ListWorkflowsQuery } from '../../application/workflows/workflow-queries';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { WorkflowDescriptionDto, WorkflowSummaryDto } from './workflow-description.dto';

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
  @ApiOkResponse({ type: WorkflowSummaryDto, isArray: true })
  @ApiProblems(400, 401, 403, 429, 503)
  list() {
    return this.queries.execute(new ListWorkflowsQuery());
  }

  @Get(':name/:version')
  @ApiOperation({ summary: 'A workflow version: states, transitions and actions with their policies, enough to draw it' })
  @ApiOkResponse({ type: WorkflowDescriptionDto })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async get(@Param('name') name: string, @Param('version') versionText: string) {
    const version = workflowVersion(versionText);
    const workflow = await this.queries.execute(new GetWorkflowQuery(name, version));
    if (!workflow) throw new NotFoundException(`There is no workflow ${name} version ${version}`);
    return workflow;
  }
}
