import { Readable } from 'node:stream';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READERS } from '../../../core/src/auth/roles';
import { AppExport, ExportService } from '../../../core/src/export/export.service';
import { uuidParam } from '../accounts/params';
import { applicationJson } from '../applications/application.json';
import { Roles } from '../auth/roles.decorator';
import { orderJson } from '../orders/order.json';
import { AppExportDto } from './export.dto';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { AccountScoped } from '../auth/scope.decorator';

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/** One array of the document: its rows as JSON text, a row at a time. */
async function* section<T>(name: string, rows: AsyncIterable<T>, toJson: (row: T) => unknown): AsyncGenerator<string> {
  let separator = '';
  yield `,${JSON.stringify(name)}:[`;
  for await (const row of rows) {
    yield separator + JSON.stringify(toJson(row));
    separator = ',';
  }
  yield ']';
}

/** The document, section by section: one page of rows in memory at a time, however old the app. */
async function* exportDocument(doc: AppExport): AsyncGenerator<string> {
  yield `{"exportedAt":${JSON.stringify(doc.exportedAt.toISOString())},"app":${JSON.stringify(applicationJson(doc.app))}`;
  yield* section('usage', doc.usage, (day) => day);
  yield* section('bills', doc.bills, (bill) => ({ ...bill, createdAt: iso(bill.createdAt) }));
  yield* section('orders', doc.orders, orderJson);
  yield* section('stateChanges', doc.stateChanges, (change) => ({ ...change, at: iso(change.at) }));
  yield* section('notices', doc.notices, (notice) => ({ ...notice, createdAt: iso(notice.createdAt), readAt: iso(notice.readAt) }));
  yield '}';
}

@ApiTags('decision tools')
@ApiBearerAuth()
@Controller('v1/apps')
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Get(':id/export')
  @Roles(...READERS)
  @AccountScoped({ id: 'app' })
  @ApiDoc(
    'Export an app',
    'Everything billing holds about the app (usage, bills, orders, state changes, notices) as one streamed JSON document; also after destruction.',
  )
  @ApiOkResponse({ type: AppExportDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async export(@Param('id', uuidParam('id')) id: string, @Res() reply: FastifyReply): Promise<void> {
    const doc = await this.exports.open(id);
    await reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="app-${id}.json"`)
      .send(Readable.from(exportDocument(doc)));
  }
}
