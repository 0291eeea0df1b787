// createApp(store, config): the express app serving the JSON API under /api, its OpenAPI
// document and docs page, and the dashboard at /. The server's composition root picks the store.
import { randomUUID } from 'node:crypto';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { NotFoundError } from '../domain/errors.ts';
import type { GraphStore } from '../store/graph-store.ts';
import { ServingStore } from '../store/serving-store.ts';
import { identifyCaller } from './auth.ts';
import { apiConfig, type ApiConfig } from './config.ts';
import { mountEndpoints, type Endpoint } from './endpoint.ts';
import { errorMiddleware } from './error-middleware.ts';
import { ForbiddenError } from './http-errors.ts';
import { openApiDocument } from './openapi.ts';
import { QuestionRunner } from './questions/question-runner.ts';
import { auditEndpoints } from './routes/audit.ts';
import { caseEndpoints } from './routes/cases.ts';
import { datasetEndpoints } from './routes/datasets.ts';
import { refreshEndpoints } from './routes/refresh.ts';
import { entityEndpoints } from './routes/entities.ts';
import { flagEndpoints } from './routes/flags.ts';
import { flaggedRouteEndpoints } from './routes/flagged-routes.ts';
import { regionEndpoints } from './routes/regions.ts';
import { ownershipEndpoints } from './routes/ownership.ts';
import { productEndpoints } from './routes/products.ts';
import { exposureEndpoints } from './routes/exposure.ts';
import { chokepointEndpoints } from './routes/chokepoints.ts';
import { screeningEndpoints } from './routes/screenings.ts';
import { changeEndpoints } from './routes/changes.ts';
import { webRouter } from './web-assets.ts';
import { connectionEndpoints } from './routes/connections.ts';
import { auditRefusedWrites } from './audit-refusals.ts';
import { jsonBody } from './json-body.ts';
import { declaredQueryNames, redactingRequestSerializer, responseSerializer } from './log-redaction.ts';
import { rateLimits } from './rate-limits.ts';

export function questionRunnerFor(config: ApiConfig): QuestionRunner {
  const { workers, heavyPerCaller, answerCacheBytes } = config.limits;
  return new QuestionRunner({ workers, heavyPerCaller, answerCacheBytes }, config.freeTradeZones);
}

/** Every endpoint of the API, in the order the docs list them. */
export function apiEndpoints(config: ApiConfig): Endpoint[] {
  return [
    ...caseEndpoints(config),
    ...entityEndpoints(config.limits, config.regime),
    ...flagEndpoints(config.limits, config.regime),
    ...regionEndpoints(config.regime),
    ...flaggedRouteEndpoints(config),
    ...exposureEndpoints(config),
    ...productEndpoints(),
    ...chokepointEndpoints(config),
    ...ownershipEndpoints(config.regime),
    ...connectionEndpoints(config.limits),
    ...screeningEndpoints(config),
    ...changeEndpoints(config),
    ...datasetEndpoints(config.limits),
    ...refreshEndpoints(),
    ...auditEndpoints(config),
  ];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const LOCAL_HOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Without keys the server is open to this machine only. Requests must also be addressed to a
 * local host name: a web page whose own domain is rebound to 127.0.0.1 (DNS rebinding) would
 * otherwise read and load data through the visitor's browser.
 */
function localHostsOnly(req: Request, _res: Response, next: NextFunction): void {
  const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (LOCAL_HOST_NAMES.has(hostName)) next();
  else next(new ForbiddenError(`without API keys this server only answers requests addressed to localhost or 127.0.0.1, not '${hostName}'; set ENDUSE_API_KEYS to serve other host names`));
}

/**
 * The app over a store. A ServingStore (what `enduse serve` builds) is used as given; any other
 * store is held by one without timers, its view built on the first request.
 */
export function createApp(store: GraphStore, config: ApiConfig = apiConfig(), questions = questionRunnerFor(config)): express.Express {
  const served = store instanceof ServingStore ? store : new ServingStore(store);
  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers: express would hash every answer on the request thread (a heavy answer is
  // hundreds of kilobytes) for a header no client of this API sends back. Static files keep theirs.
  app.set('etag', false);
  const endpoints = apiEndpoints(config);

  app.use(
    pinoHttp({
      logger: (config.logger ?? pino({ level: 'silent' })) as Logger<string>,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // The serializers keep secrets out themselves (log-redaction.ts): no redaction pass per line.
      serializers: { req: redactingRequestSerializer(declaredQueryNames(endpoints)), res: responseSerializer },
      customProps: (req) => ({ caller: req.caller?.name }),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Sigma and Swagger UI set inline style attributes; scripts stay same-origin only.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          // The graph layout (ForceAtlas2) runs in a web worker its library starts from a blob: URL.
          workerSrc: ["'self'", 'blob:'],
          // Served over plain HTTP on a laptop or behind a TLS proxy: do not force https for assets.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  if (config.apiKeys.length === 0) app.use(localHostsOnly);
  if (config.corsOrigin) app.use(cors({ origin: config.corsOrigin, allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'] }));

  const api = express.Router();
  // Only /api is limited: the dashboard's files and /docs are answered whatever any client did.
  api.use('/api', identifyCaller(config.apiKeys), ...rateLimits(config));
  const document = openApiDocument(endpoints, config);
  api.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  mountEndpoints(api, endpoints, served, config, jsonBody(config.limits), questions);
  api.use('/api', (req: Request, _res: Response, next: NextFunction) => next(new NotFoundError('path', `${req.method} ${req.originalUrl.split('?')[0]}`)));
  app.use(api);
  app.use(webRouter());
  app.use((req: Request, _res: Response, next: NextFunction) => next(new NotFoundError('path', req.path)));
  app.use(auditRefusedWrites(endpoints, served, config));
  app.use(errorMiddleware);
  return app;
}
