import pg from 'pg';

/**
 * One connection to PostgreSQL, reopened on the next query after it broke (the server restarted, the network
 * dropped). Queries on one connection run in call order, which is what the stores promise their callers.
 */
export class PgConnection {
  readonly #url: string;
  #client: Promise<pg.Client> | undefined;
  #closed = false;
  /** The last query issued: the next one waits for it (pg 9 will refuse overlapping queries on one client). */
  #tail: Promise<unknown> = Promise.resolve();

  /** How many queries were queued on this connection so far (a batch grows only while it is the last one). */
  #queued = 0;

  constructor(url: string) {
    this.#url = url;
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    return this.queryWhenDue<R>(() => [text, values]);
  }

  /**
   * Queues a query whose text and values are built when its turn comes: until then a caller may still add rows to it,
   * as long as no other query was queued after it (`queued` unchanged), so call order is kept.
   */
  queryWhenDue<R extends pg.QueryResultRow = pg.QueryResultRow>(
    build: () => [text: string, values: unknown[]],
  ): Promise<pg.QueryResult<R>> {
    this.#queued++;
    const run = this.#tail.then(() => this.#run<R>(...build()));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  get queued(): number {
    return this.#queued;
  }

  async #run<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const client = await this.#connect();
    try {
      return await client.query<R>(text, values);
    } catch (error) {
      // a query the server refused leaves the connection usable; a broken connection is dropped for the next query
      if (!(error instanceof pg.DatabaseError)) this.#drop(client);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const c = this.#client;
    this.#client = undefined;
    if (c) await (await c.catch(() => undefined))?.end().catch(() => undefined);
  }

  #connect(): Promise<pg.Client> {
    if (this.#closed) return Promise.reject(new Error('the PostgreSQL connection was closed'));
    if (!this.#client) {
      const client = new pg.Client({ connectionString: this.#url });
      client.on('error', () => this.#drop(client)); // a server gone between queries: reconnect next time
      this.#client = client.connect().then(
        () => client,
        (error: unknown) => {
          this.#client = undefined;
          throw error;
        },
      );
    }
    return this.#client;
  }

  #drop(client: pg.Client): void {
    void this.#client?.then((c) => {
      if (c === client) this.#client = undefined;
    });
    client.end().catch(() => undefined);
  }
}
