import { Controller, Get, Post } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { ERROR_STATUS } from '../../../../core/src/errors/domain-error';
import { ApiCsv, ApiDoc, ApiErrors, ApiIdempotencyKey, ApiList } from './decorators';

class WidgetDto {
  @ApiProperty()
  name: string;
}

@Controller('widgets')
class WidgetsController {
  @Get()
  @ApiDoc('List widgets')
  @ApiList(WidgetDto)
  @ApiErrors('VALIDATION_FAILED')
  list() {
    return { items: [], nextCursor: null };
  }

  @Post()
  @ApiDoc('Buy a widget')
  @ApiIdempotencyKey(true)
  @ApiCreatedResponse({ type: WidgetDto })
  @ApiErrors('NOT_FOUND', 'SALES_CLOSED', 'INVALID_STATE', 'INSUFFICIENT_BALANCE')
  buy() {
    return {};
  }

  @Get('export')
  @ApiDoc('Export widgets')
  @ApiCsv('one row per widget')
  @ApiErrors()
  export() {
    return '';
  }
}

describe('the OpenAPI decorators', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test walks the JSON document freely
  let document: any;
  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [WidgetsController] }).compile();
    const app = module.createNestApplication(new FastifyAdapter());
    await app.init();
    document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    await app.close();
  });

  it('@ApiList describes the {items, nextCursor} page of a model', () => {
    expect(document.paths['/widgets'].get.responses['200'].content['application/json'].schema).toEqual({
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: {
        items: { type: 'array', items: { $ref: '#/components/schemas/WidgetDto' } },
        nextCursor: expect.objectContaining({ type: 'string', nullable: true }),
      },
    });
  });

  it('@ApiErrors gives one answer per status, its codes narrowing the shared schema, with 401, 403, 429 and 503 always', () => {
    const responses = document.paths['/widgets'].post.responses;
    const codesOf = (status: string) => responses[status].content['application/json'].schema.allOf[1].properties.code.enum;
    expect(Object.keys(responses).sort()).toEqual(['201', '401', '402', '403', '404', '409', '429', '503']);
    expect(codesOf('409')).toEqual(['SALES_CLOSED', 'INVALID_STATE']);
    expect(codesOf('401')).toEqual(['UNAUTHENTICATED']);
    expect(codesOf('503')).toEqual(['UNAVAILABLE']);
    expect(responses['409'].content['application/json'].schema.allOf[0]).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
  });

  it("takes the codes of the shared schema from the domain's error table", () => {
    expect(document.components.schemas.ErrorCode.enum).toEqual([...Object.keys(ERROR_STATUS), 'INTERNAL']);
  });

  it('@ApiIdempotencyKey documents the header, @ApiCsv a text/csv answer', () => {
    expect(document.paths['/widgets'].post.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    ]);
    expect(Object.keys(document.paths['/widgets/export'].get.responses['200'].content)).toEqual(['text/csv']);
  });
});
