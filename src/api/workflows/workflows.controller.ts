import { Controller, Get, NotFoundException, Param, ParseIntPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetWorkflowQuery, ListWorkflowsQuery } from '../../application/workflows/workflow-queries';

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
  async get(@Param('name') name: string, @Param('version', new ParseIntPipe({ exceptionFactory: () => new NotFoundException('No such workflow version') })) version: number) {
    const workflow = await this.queries.execute(new GetWorkflowQuery(name, version));
    if (!workflow) throw new NotFoundException(`There is no workflow ${name} version ${version}`);
    return workflow;
  }
}
