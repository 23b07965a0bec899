import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { PROBLEM_TYPE_PREFIX, PROBLEM_TYPES, type ProblemType } from './problem-types';

/**
 * `GET /problems`: the page that documents every problem `type` (RFC 9457 §3.1.1), one section per
 * kind with its slug as the anchor. Public, like `/docs`: it says nothing about any agreement.
 */
@ApiTags('operations')
@Public()
@Controller('problems')
export class ProblemTypesController {
  private readonly page = renderPage(PROBLEM_TYPES);

  @Get()
  @ApiOperation({ summary: 'What each problem `type` means and what to do about it (HTML; no token needed)' })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description:
      'One section per problem type, its slug as the anchor: `urn:sepakat:problem:not-found` is described at `/problems#not-found`',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  describe(): string {
    return this.page;
  }
}

function renderPage(types: readonly ProblemType[]): string {
  const sections = types.map(
    (type) => `<section id="${type.slug}">
<h2><code>${PROBLEM_TYPE_PREFIX}${type.slug}</code></h2>
<p><strong>${type.status} ${escape(type.title)}</strong></p>
<p>${inline(type.when)}</p>
<p>${inline(type.then)}</p>
</section>`,
  );
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>sepakat: problem types</title></head>
<body>
<h1>Problem types</h1>
<p>Every error of the sepakat API is an <code>application/problem+json</code> document (RFC 9457):
<code>{ type, title, status, detail, … }</code>. Its <code>type</code> names the kind of problem below;
match on <code>type</code>, show <code>detail</code> to people. A status not listed here has the type
<code>${PROBLEM_TYPE_PREFIX}</code> followed by its HTTP title in lower case, words joined by hyphens.</p>
<nav><ul>${types.map((type) => `<li><a href="#${type.slug}">${type.slug}</a> (${type.status})</li>`).join('')}</ul></nav>
${sections.join('\n')}
</body>
</html>
`;
}

/** The catalogue's prose, with `code` spans; everything else escaped. */
function inline(text: string): string {
  return escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
