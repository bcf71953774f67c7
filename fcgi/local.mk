# fcgi/local.mk: netkpi-fcgi, the FastCGI responder for the API
