package web

import "github.com/gin-gonic/gin"

// mountCountryPages mounts a country's page: its dashboard and timeline.
func (s *Server) mountCountryPages(e *gin.Engine) {}
