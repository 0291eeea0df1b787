// The API docs page: Swagger UI rendering /api/openapi.json (served from the swagger-ui-dist package).
window.SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true, tryItOutEnabled: false });
