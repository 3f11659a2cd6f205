import { Module } from '@nestjs/common';
import { PriceBookRepository } from './price-book.repository';
import { PriceBookService } from './price-book.service';
import { QuoteService } from './quote.service';

@Module({ providers: [PriceBookRepository, PriceBookService, QuoteService], exports: [PriceBookService, QuoteService] })
export class PricingModule {}
