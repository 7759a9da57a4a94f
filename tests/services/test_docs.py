"""The API documentation works without reaching any outside host."""


def test_docs_and_redoc_load_their_scripts_from_the_service(any_service):
    for page, script in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        html = any_service.client.get(page)
        assert html.status_code == 200
        assert "http://" not in html.text and "https://" not in html.text
        assert f"/static-offline-docs/{script}" in html.text
        asset = any_service.client.get(f"/static-offline-docs/{script}")
        assert asset.status_code == 200 and len(asset.content) > 100_000
