import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** An open transaction, handed from a service to the repositories that take part in it. */
export type Tx = EntityManager;

/** Lets a service run several repository calls in one transaction without importing TypeORM. */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
